"""Alert channels (log, email, apprise, feed) and exactly-once delivery of the changes to them."""

from monitor.alerts import apprise_channel, email_channel, feed_channel, log_channel  # noqa: F401  (registers the channels)
from monitor.alerts.channel import REGISTRY, AlertChannel, ChannelError, build_channel
from monitor.alerts.delivery import DeliveryOutcome, deliver_pending

__all__ = ["REGISTRY", "AlertChannel", "ChannelError", "DeliveryOutcome", "build_channel", "deliver_pending"]
