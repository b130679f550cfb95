"""The publisher: ClaimReview and feed properties, and the transparency pages."""
