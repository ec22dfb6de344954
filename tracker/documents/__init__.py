"""Administrative documents as files (DOCX), shared by every area that issues one."""
