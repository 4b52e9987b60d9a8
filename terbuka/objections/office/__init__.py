"""The officers' workspace for objections and disputes under /kantor/keberatan/."""
