"""Rendering agreements for people: text filters now, DOCX documents with the rendering work."""
