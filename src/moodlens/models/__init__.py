"""Every table, imported here so Alembic and tests see the whole schema."""

from moodlens.models.audit import AuditEntry
from moodlens.models.identity import OidcLogin, ReauthProof, UserIdentity
from moodlens.models.interview import (
    InterviewSession,
    Question,
    ReportStatus,
    Response,
    SessionStatus,
    SignalEvent,
)
from moodlens.models.interview_template import InterviewTemplate
from moodlens.models.org import Organization, OrganizationInvite, OrganizationMember
from moodlens.models.org_practice import (
    Assignment,
    AssignmentAttempt,
    OrgGroup,
    OrgGroupMember,
)
from moodlens.models.pending_job import PendingJob
from moodlens.models.practice import AnswerRetry, JobDescription
from moodlens.models.privacy import ConsentRecord, SessionRecording, UserPrivacySettings
from moodlens.models.progress import PlanItemCheck
from moodlens.models.report import Export, ExportStatus, Recommendation, SessionScore
from moodlens.models.session_comment import SessionComment
from moodlens.models.user import RefreshToken, User

__all__ = [
    "AnswerRetry",
    "Assignment",
    "AssignmentAttempt",
    "AuditEntry",
    "ConsentRecord",
    "Export",
    "ExportStatus",
    "InterviewSession",
    "InterviewTemplate",
    "JobDescription",
    "OidcLogin",
    "OrgGroup",
    "OrgGroupMember",
    "Organization",
    "OrganizationInvite",
    "OrganizationMember",
    "PendingJob",
    "PlanItemCheck",
    "Question",
    "ReauthProof",
    "Recommendation",
    "RefreshToken",
    "ReportStatus",
    "Response",
    "SessionComment",
    "SessionRecording",
    "SessionScore",
    "SessionStatus",
    "SignalEvent",
    "User",
    "UserIdentity",
    "UserPrivacySettings",
]
