"""Browser tests of the inspector (a package, so that its conftest does not shadow the client tests')."""
