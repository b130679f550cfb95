"""The domain model of shared/DESIGN.md, one module per aggregate."""

from factcheck.models.article import Article, ArticleRevision, HintDismissal
from factcheck.models.audit import AuditEvent
from factcheck.models.capture import Capture
from factcheck.models.claim import (
    AnchorStatus,
    Claim,
    Claimant,
    ClaimLink,
    ClaimStatus,
    LinkRelation,
)
from factcheck.models.edition import DataEdition
from factcheck.models.page import TransparencyPage
from factcheck.models.report_tally import (
    ReportTallyArticle, ReportTallyArticleMonth, ReportTallyArticleRating, ReportTallyClaimant, ReportTallyClaimantMonth,
    ReportTallyClaimantOutlet, ReportTallyMonth, ReportTallyOutlet, ReportTallyOutletMonth,
)
from factcheck.models.job import Job, JobStatus
from factcheck.models.source import Evidence, PublisherNote, Source, SourceKind, SourceSnapshot, Stance
from factcheck.models.user import ROLE_RANK, ApiToken, Role, User
from factcheck.models.verdict import Correction, Rating, Verdict, VerdictRevision

__all__ = [
    "ROLE_RANK", "AnchorStatus", "ApiToken", "Article", "ArticleRevision", "AuditEvent", "Capture",
    "Claim", "ClaimLink", "DataEdition", "Job", "JobStatus", "HintDismissal", "ClaimStatus", "Claimant", "Correction", "Evidence", "LinkRelation",
    "Rating", "Role", "Source", "SourceKind", "Stance", "User", "Verdict", "VerdictRevision",
    "PublisherNote", "SourceSnapshot", "TransparencyPage", "ReportTallyArticle", "ReportTallyArticleRating", "ReportTallyClaimant", "ReportTallyMonth",
    "ReportTallyOutlet", "ReportTallyOutletMonth", "ReportTallyClaimantMonth",
    "ReportTallyArticleMonth", "ReportTallyClaimantOutlet",
]
