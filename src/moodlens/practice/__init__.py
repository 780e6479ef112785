"""The practice loop (issue 18): practise for a job, retry an answer, talking points."""
