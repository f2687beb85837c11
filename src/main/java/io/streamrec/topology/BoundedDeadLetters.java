package io.streamrec.topology;

import io.streamrec.events.RejectReason;
import io.streamrec.kafka.Topics;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeaders;

/**
 * Dead-letter records of a bounded size, whatever the input was: a 5 MB value that arrived compressed, huge headers
 * or a huge key must not make the dead-letter write itself fail (a failed write stops the instance, and it would meet
 * the same record again after a restart). The payload is cut to {@value #MAX_PAYLOAD_BYTES} bytes, each header
 * value to {@value #MAX_HEADER_BYTES}, headers beyond {@value #MAX_HEADERS_BYTES} in all are dropped (Kafka's
 * {@code __streams.errors.*} and ours are kept first), and header {@value Topics#DLQ_TRUNCATED_HEADER} says what was
 * cut. The source topic, partition and offset headers always survive, so the original can be found.
 */
final class BoundedDeadLetters {
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;
    static final int MAX_KEY_BYTES = 1024;
    static final int MAX_HEADER_BYTES = 2048;
    static final int MAX_HEADERS_BYTES = 16 * 1024;

    private BoundedDeadLetters() {
    }

    static List<ProducerRecord<byte[], byte[]>> bound(List<ProducerRecord<byte[], byte[]>> records,
                                                      RejectReason reason) {
        List<ProducerRecord<byte[], byte[]>> bounded = new ArrayList<>(records.size());
        for (ProducerRecord<byte[], byte[]> record : records) {
            bounded.add(bound(record, reason));
        }
        return bounded;
    }

    static ProducerRecord<byte[], byte[]> bound(ProducerRecord<byte[], byte[]> record, RejectReason reason) {
        List<String> cut = new ArrayList<>();
        byte[] key = cut(record.key(), MAX_KEY_BYTES, "key", cut);
        byte[] value = cut(record.value(), MAX_PAYLOAD_BYTES, "value", cut);
        RecordHeaders headers = new RecordHeaders();
        headers.add(Topics.DLQ_REASON_HEADER, reason.code().getBytes(StandardCharsets.UTF_8));
        int budget = MAX_HEADERS_BYTES;
        int dropped = 0;
        int shortened = 0;
        for (Header header : ordered(record)) {
            if (header.key().equals(Topics.DLQ_REASON_HEADER)) {
                continue;
            }
            byte[] headerValue = header.value();
            if (headerValue != null && headerValue.length > MAX_HEADER_BYTES) {
                headerValue = Arrays.copyOf(headerValue, MAX_HEADER_BYTES);
                shortened++;
            }
            int size = header.key().length() + (headerValue == null ? 0 : headerValue.length);
            if (size > budget) {
                dropped++;
                continue;
            }
            budget -= size;
            headers.add(header.key(), headerValue);
        }
        if (shortened > 0) {
            cut.add(shortened + " headers cut to " + MAX_HEADER_BYTES + " bytes");
        }
        if (dropped > 0) {
            cut.add(dropped + " headers dropped");
        }
        if (!cut.isEmpty()) {
            headers.add(Topics.DLQ_TRUNCATED_HEADER, String.join("; ", cut).getBytes(StandardCharsets.UTF_8));
        }
        return new ProducerRecord<>(record.topic(), record.partition(), record.timestamp(), key, value, headers);
    }

    /** Kafka's error headers (source topic, partition, offset, exception) before the input's own. */
    private static List<Header> ordered(ProducerRecord<byte[], byte[]> record) {
        List<Header> first = new ArrayList<>();
        List<Header> rest = new ArrayList<>();
        for (Header header : record.headers()) {
            (header.key().startsWith("__streams.errors.") ? first : rest).add(header);
        }
        first.addAll(rest);
        return first;
    }

    private static byte[] cut(byte[] bytes, int max, String what, List<String> cut) {
        if (bytes == null || bytes.length <= max) {
            return bytes;
        }
        cut.add(what + " " + bytes.length + " bytes cut to " + max);
        return Arrays.copyOf(bytes, max);
    }
}
