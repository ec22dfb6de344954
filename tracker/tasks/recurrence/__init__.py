"""Recurring duties (nhiệm vụ định kỳ): a series of tasks made from one template and one
rule, each occurrence an ordinary task with its own deadline (issue 14, part 3)."""
