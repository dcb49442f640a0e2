"""The inspector's daily work: the task list, new spot checks, the checklist runner and the finish summary."""
