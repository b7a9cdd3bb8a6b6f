"""Everything that touches pixels or models: video frames, BlazePose on LiteRT."""

from upright.pose.model_files import MODEL_FILES, ModelFileError, fetch_models, model_dir, verify

__all__ = ["MODEL_FILES", "ModelFileError", "fetch_models", "model_dir", "verify"]
