"""Progress summaries: a committee's figures for a period, compiled by a job, as PDF/XLSX/DOCX."""
