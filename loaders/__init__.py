"""casegraph loaders: reading review documents and extracting coded facts from them."""
from loaders.discover import discover
from loaders.extract import extract_document, extract_file
from loaders.outline import Section, section_at
from loaders.readers import read_document
from loaders.readers.document import Document, document_from_text

__all__ = ["Document", "Section", "discover", "document_from_text", "extract_document", "extract_file",
           "read_document", "section_at"]
