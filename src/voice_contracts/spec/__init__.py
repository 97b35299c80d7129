"""Read access to openapi.yaml for the mock server, the contract suite and the tests.

Everything that knows an enum, a bound or a required field learns it here, from the spec
itself, so no second copy of the contract can drift from the first.
"""

from voice_contracts.spec.loader import SPEC_PATH, Operation, PathParametersError, Spec, load_spec
from voice_contracts.spec.validation import SchemaValidator, Violation

__all__ = ["SPEC_PATH", "Operation", "PathParametersError", "SchemaValidator", "Spec", "Violation", "load_spec"]
