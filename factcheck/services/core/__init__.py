"""What every write shares: the audit log, transactions with version checks, and the background job kinds."""
