"""The officers' workspace under /kantor/permohonan/ (namespace `office`)."""
