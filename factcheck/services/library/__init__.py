"""The source library: sources, snapshots, archive captures, Save Page Now, and the safe fetcher all of them use."""
