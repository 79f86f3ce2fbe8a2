"""casegraph loaders: reading review documents and extracting coded facts from them."""
from casegraph.loaders.discover import discover
from casegraph.loaders.extract import extract_document, extract_file
from casegraph.loaders.outline import Section, section_at
from casegraph.loaders.readers import read_document
from casegraph.loaders.readers.document import Document, document_from_text

__all__ = ["Document", "Section", "discover", "document_from_text", "extract_document", "extract_file",
           "read_document", "section_at"]
