"""A Flask hello-world: what the stack itself serves, the yardstick of bench_read_path.py."""

from flask import Flask

app = Flask(__name__)


@app.get("/")
def hello() -> str:
    return "Hello, World!"
