"""resilience-quiz: training against disinformation, in the terminal."""

__version__ = "0.1.0"
