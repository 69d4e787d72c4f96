//! The Chinese figure recogniser (issue "Suggestions"): placeholder until it lands.
