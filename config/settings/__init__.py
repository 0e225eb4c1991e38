"""Settings modules: base (shared), local (make demo), test, production."""
