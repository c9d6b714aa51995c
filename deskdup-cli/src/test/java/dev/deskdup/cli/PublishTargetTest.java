package dev.deskdup.cli;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** {@link PublishTarget}: the container per scheme, and a URL that never shows its secrets. */
class PublishTargetTest {

    @Test
    void eachSchemeGetsItsContainerAndProtocol() {
        assertThat(PublishTarget.parse("rtmp://h/app/k").muxer()).isEqualTo("flv");
        assertThat(PublishTarget.parse("rtmps://h/app/k").protocol()).isEqualTo("rtmps");
        assertThat(PublishTarget.parse("rtsp://h:8554/p").muxer()).isEqualTo("rtsp");
        assertThat(PublishTarget.parse("rtsp://h:8554/p").options()).containsExactly("-rtsp_transport", "tcp");
        assertThat(PublishTarget.parse("rtsp://h:8554/p").protocol()).isEqualTo("tcp");
        assertThat(PublishTarget.parse("srt://h:9000?mode=caller").muxer()).isEqualTo("mpegts");
        assertThat(PublishTarget.parse("tcp://h:9999").muxer()).isEqualTo("mpegts");
    }

    @Test
    void udpGetsDatagramsOfSevenTsPacketsUnlessTheUrlSaysOtherwise() {
        assertThat(PublishTarget.parse("udp://239.0.0.1:1234").url()).isEqualTo("udp://239.0.0.1:1234?pkt_size=1316");
        assertThat(PublishTarget.parse("udp://h:1?ttl=4").url()).isEqualTo("udp://h:1?ttl=4&pkt_size=1316");
        assertThat(PublishTarget.parse("udp://h:1?pkt_size=188").url()).isEqualTo("udp://h:1?pkt_size=188");
    }

    @Test
    void theRedactedUrlKeepsOnlySchemeHostAndPort() {
        assertThat(PublishTarget.parse("rtmp://a.rtmp.youtube.com/live2/abcd-efgh").redacted())
                .isEqualTo("rtmp://a.rtmp.youtube.com/…");
        assertThat(PublishTarget.parse("srt://h:9000?passphrase=secret123").redacted()).isEqualTo("srt://h:9000/…");
        assertThat(PublishTarget.parse("rtsp://user:pw@h:8554").redacted()).isEqualTo("rtsp://h:8554/…");
        assertThat(PublishTarget.parse("tcp://h:9999").redacted()).isEqualTo("tcp://h:9999");
    }

    @Test
    void ffmpegsMessagesLoseTheKeyEvenWhenTheyQuoteOnlyPartOfTheUrl() {
        PublishTarget t = PublishTarget.parse("rtmp://h:1935/live/sk-123456?token=t0k3n");

        assertThat(t.redactIn("rtmp://h:1935/live/sk-123456?token=t0k3n: Connection refused"))
                .isEqualTo("rtmp://h:1935/…: Connection refused");
        assertThat(t.redactIn("[rtmp] Server error: stream /live/sk-123456 unknown")).doesNotContain("sk-123456");
        assertThat(t.redactIn("query token=t0k3n rejected")).doesNotContain("t0k3n");
    }

    @Test
    void anUnsupportedSchemeNamesTheSchemeButNotTheUrl() {
        assertThatThrownBy(() -> PublishTarget.parse("http://h/ingest/secret-key"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("publish scheme=http is not supported").hasMessageNotContaining("secret-key");
        assertThatThrownBy(() -> PublishTarget.parse("rtmp:///live/k")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("has no host");
    }
}
