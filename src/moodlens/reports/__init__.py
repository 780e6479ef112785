"""Session reports: scoring glue, the `reports.build` job, report/export/comparison API."""
