"""The region's annual action plan and budget: items, cost sharing, council approval, exports."""
