"""`notice-gen tasks`: the tasks of notices as rows with deadlines in working days, and their exports."""
