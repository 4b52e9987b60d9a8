"""Objections (keberatan) to the Atasan PPID and disputes (sengketa) at the Komisi Informasi."""
