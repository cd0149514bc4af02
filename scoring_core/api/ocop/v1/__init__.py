"""gRPC stubs of package ocop.v1, generated from protos/ by tools/gen_protos.py; do not edit."""
