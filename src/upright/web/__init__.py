"""The web app: FastAPI server-rendered pages over the library (see app.create_app)."""
