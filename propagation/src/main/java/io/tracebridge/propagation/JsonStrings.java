package io.tracebridge.propagation;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Just enough JSON for {@link PropagationContext}: a flat object of string values. Linear, strict.
 */
final class JsonStrings {
  private JsonStrings() {}

  static void write(String value, StringBuilder out) {
    out.append('"');
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c == '"' || c == '\\') {
        out.append('\\').append(c);
      } else if (c < 0x20 || c == '\u2028' || c == '\u2029') {
        out.append(String.format("\\u%04x", (int) c));
      } else {
        out.append(c);
      }
    }
    out.append('"');
  }

  /**
   * Parses {@code {"k":"v",...}}; {@code null} if the text is anything else or has too many fields.
   */
  static Map<String, String> parseFlatObject(String json, int maxFields) {
    int[] at = {skipWs(json, 0)};
    if (at[0] >= json.length() || json.charAt(at[0]) != '{') {
      return null;
    }
    at[0] = skipWs(json, at[0] + 1);
    Map<String, String> fields = new LinkedHashMap<>();
    if (at[0] < json.length() && json.charAt(at[0]) == '}') {
      return skipWs(json, at[0] + 1) == json.length() ? fields : null;
    }
    while (true) {
      String key = readString(json, at);
      if (key == null) {
        return null;
      }
      at[0] = skipWs(json, at[0]);
      if (at[0] >= json.length() || json.charAt(at[0]) != ':') {
        return null;
      }
      at[0] = skipWs(json, at[0] + 1);
      String value = readString(json, at);
      if (value == null || fields.size() >= maxFields) {
        return null;
      }
      fields.put(key, value);
      at[0] = skipWs(json, at[0]);
      if (at[0] >= json.length()) {
        return null;
      }
      char c = json.charAt(at[0]);
      if (c == '}') {
        return skipWs(json, at[0] + 1) == json.length() ? fields : null;
      }
      if (c != ',') {
        return null;
      }
      at[0] = skipWs(json, at[0] + 1);
    }
  }

  private static int skipWs(String s, int i) {
    while (i < s.length()
        && (s.charAt(i) == ' '
            || s.charAt(i) == '\t'
            || s.charAt(i) == '\n'
            || s.charAt(i) == '\r')) {
      i++;
    }
    return i;
  }

  private static String readString(String s, int[] at) {
    int i = at[0];
    if (i >= s.length() || s.charAt(i) != '"') {
      return null;
    }
    StringBuilder out = new StringBuilder();
    i++;
    while (i < s.length()) {
      char c = s.charAt(i);
      if (c == '"') {
        at[0] = i + 1;
        return out.toString();
      }
      if (c < 0x20) {
        return null;
      }
      if (c == '\\') {
        if (i + 1 >= s.length()) {
          return null;
        }
        char e = s.charAt(i + 1);
        switch (e) {
          case '"':
          case '\\':
          case '/':
            out.append(e);
            i += 2;
            break;
          case 'b':
            out.append('\b');
            i += 2;
            break;
          case 'f':
            out.append('\f');
            i += 2;
            break;
          case 'n':
            out.append('\n');
            i += 2;
            break;
          case 'r':
            out.append('\r');
            i += 2;
            break;
          case 't':
            out.append('\t');
            i += 2;
            break;
          case 'u':
            if (i + 5 >= s.length()) {
              return null;
            }
            int code = 0;
            for (int k = 2; k <= 5; k++) {
              int h = Grammar.hexValue(s.charAt(i + k));
              if (h < 0) {
                return null;
              }
              code = (code << 4) | h;
            }
            out.append((char) code);
            i += 6;
            break;
          default:
            return null;
        }
      } else {
        out.append(c);
        i++;
      }
    }
    return null;
  }
}
