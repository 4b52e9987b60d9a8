"""The load suite (`make load`, `python -m loadtest`): a locust journey mix against two app
servers behind a local round-robin balancer, on a throwaway installation. See docs/deployment.md.
"""
