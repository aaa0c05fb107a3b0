"""A small zip writer for rendering many documents from one template.

A .docx is a zip. Of its members, rendering changes a few (``word/document.xml``, a header with a
variable ...); the others (styles, fonts, numbering, images) are the same in every output. The
template's members are read once, keeping their compressed bytes and CRCs, and each output is
written by copying those bytes and compressing only the members that changed.
"""

from __future__ import annotations

import io
import struct
import zipfile
import zlib
from collections.abc import Mapping
from dataclasses import dataclass

__all__ = ["ZipTemplate"]

_LOCAL = struct.Struct("<IHHHHHIIIHH")
_CENTRAL = struct.Struct("<IHHHHHHIIIHHHHHII")
_END = struct.Struct("<IHHHHIIH")
_UTF8 = 0x800


@dataclass(frozen=True)
class _Member:
    name: bytes
    flags: int
    method: int
    time: int
    date: int
    crc: int
    compressed: bytes
    size: int


def _dos(date_time: tuple[int, int, int, int, int, int]) -> tuple[int, int]:
    year, month, day, hour, minute, second = date_time
    return (hour << 11) | (minute << 5) | (second // 2), ((year - 1980) << 9) | (month << 5) | day


class ZipTemplate:
    """The members of a zip, ready to be written again with some of them replaced."""

    def __init__(self, data: bytes, *, level: int = 0) -> None:
        self.level = level
        self.members: list[_Member] = []
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for info in archive.infolist():
                if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
                    raise ValueError(f"{info.filename}: unsupported zip compression")
                offset = info.header_offset
                name_length, extra_length = struct.unpack_from("<HH", data, offset + 26)
                start = offset + 30 + name_length + extra_length
                name = info.filename.encode("utf-8")
                time, date = _dos(info.date_time)
                flags = _UTF8 if not info.filename.isascii() else 0
                compressed = data[start : start + info.compress_size]
                self.members.append(
                    _Member(
                        name,
                        flags,
                        info.compress_type,
                        time,
                        date,
                        info.CRC,
                        compressed,
                        info.file_size,
                    )
                )
        self.names = frozenset(m.name.decode("utf-8") for m in self.members)

    def read(self, name: str) -> bytes:
        """A member's content."""
        for member in self.members:
            if member.name.decode("utf-8") == name:
                if member.method == zipfile.ZIP_STORED:
                    return member.compressed
                return zlib.decompress(member.compressed, -15)
        raise KeyError(name)

    def write(self, replaced: Mapping[str, bytes]) -> bytes:
        """The zip with the members named in ``replaced`` holding the new content."""
        out: list[bytes] = []
        central: list[bytes] = []
        offset = 0
        for member in self.members:
            content = replaced.get(member.name.decode("utf-8"))
            if content is not None:
                packer = zlib.compressobj(self.level, zlib.DEFLATED, -15)
                compressed = packer.compress(content) + packer.flush()
                member = _Member(
                    member.name,
                    member.flags,
                    zipfile.ZIP_DEFLATED,
                    member.time,
                    member.date,
                    zlib.crc32(content),
                    compressed,
                    len(content),
                )
            header = _LOCAL.pack(
                0x04034B50,
                20,
                member.flags,
                member.method,
                member.time,
                member.date,
                member.crc,
                len(member.compressed),
                member.size,
                len(member.name),
                0,
            )
            out += (header, member.name, member.compressed)
            central.append(
                _CENTRAL.pack(
                    0x02014B50,
                    20,
                    20,
                    member.flags,
                    member.method,
                    member.time,
                    member.date,
                    member.crc,
                    len(member.compressed),
                    member.size,
                    len(member.name),
                    0,
                    0,
                    0,
                    0,
                    0,
                    offset,
                )
                + member.name
            )
            offset += len(header) + len(member.name) + len(member.compressed)
        directory = b"".join(central)
        end = _END.pack(0x06054B50, 0, 0, len(central), len(central), len(directory), offset, 0)
        return b"".join(out) + directory + end
