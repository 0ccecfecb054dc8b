"""Issuing as the Văn thư does it: the outgoing register, the issue step, PAdES signatures."""
