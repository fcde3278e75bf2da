/** Schema languages: parsing into a canonical text, and what makes one schema unable to read another's data. */
package io.tributary.registry.schema;
