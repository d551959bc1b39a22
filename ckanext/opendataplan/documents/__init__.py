"""Documents fit to circulate: a plan, its commitments' tracking cards, its
consultation report and its end-of-term self-assessment, as PDF and DOCX."""
