package dev.tousei.notification.routing;

public enum ChannelType {
    /** JSON POST with an HMAC-SHA256 signature header. */
    WEBHOOK,
    /** A Slack-compatible incoming webhook (also Mattermost, Rocket.Chat, Teams' Slack-compatible connectors). */
    SLACK,
    /** E-mail over SMTP. */
    EMAIL
}
