"""In-app notifications (the bell) and which of them also go by e-mail."""
