from tests.interview_sessions.conftest import Candidate, candidate, clock, stranger

__all__ = ["Candidate", "candidate", "clock", "stranger"]
