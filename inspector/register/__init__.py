"""Sites, inspectors and draws (双随机); used by field, exchange, oversight and the CLI."""
