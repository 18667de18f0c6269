"""Audit tooling: exports, their offline check, and the reports of the audit commands."""
