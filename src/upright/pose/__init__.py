"""Everything that touches pixels or models: video frames, BlazePose on LiteRT."""

from upright.pose.blazepose import BlazePose, PoseBackend, PoseFrame
from upright.pose.errors import NoPersonError, PoseError, VideoError
from upright.pose.model_files import MODEL_FILES, ModelFileError, fetch_models, model_dir, verify
from upright.pose.pipeline import camera_to_landmarks, video_to_landmarks
from upright.pose.tracker import MultiplePeopleWarning, PoseTracker
from upright.pose.video import Camera, VideoFile, VideoInfo, is_video_path

__all__ = [
    "MODEL_FILES",
    "BlazePose",
    "Camera",
    "ModelFileError",
    "MultiplePeopleWarning",
    "NoPersonError",
    "PoseBackend",
    "PoseError",
    "PoseFrame",
    "PoseTracker",
    "VideoError",
    "VideoFile",
    "VideoInfo",
    "camera_to_landmarks",
    "fetch_models",
    "is_video_path",
    "model_dir",
    "verify",
    "video_to_landmarks",
]
