"""企业微信 gateway (issue 19, docs/adr/0014): the DMZ-side process that talks to WeCom and hands envelopes to the
air-gapped core (`online_groups`) through the spool. It has its own settings (wecom.settings), database and entry
point (`python -m wecom`); it is not in the core's INSTALLED_APPS and the two never import each other."""
