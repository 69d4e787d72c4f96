//! Export and import formats other than the native one (issue "Exports"): placeholder until it lands.
