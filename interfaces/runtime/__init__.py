"""The service's runtime: settings, the composition root, and the processes it starts."""
