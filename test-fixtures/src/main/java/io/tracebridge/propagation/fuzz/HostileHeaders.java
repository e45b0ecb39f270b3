package io.tracebridge.propagation.fuzz;

import java.util.SplittableRandom;

/**
 * Makes hostile header values from a valid one: random edits, text from the format's own alphabet,
 * pathological repetitions up to 8 KiB, oversized and over-long variants, control characters and
 * non-ASCII. Deterministic for a seed, so a failure can be replayed.
 */
public final class HostileHeaders {
  /** The largest value generated for the timing and grammar checks, as the issue specifies. */
  public static final int MAX_LENGTH = 8 * 1024;

  private static final String INTERESTING =
      "0123456789abcdefABCDEFxyzXYZ-_:;,=.%+*/@!~ \t\r\n\u0000\u007f\u0080\u00e9\u2028\ufeff\uffff";
  private static final String[] REPEATABLE = {
    ",",
    "a=b,",
    "-",
    "0",
    "f",
    "k=v;p=",
    "%",
    "%2",
    "=,",
    " ",
    ";",
    "@",
    ":",
    "0-",
    "a=",
    "key=value;prop=1,",
    "\t,",
    "%ZZ",
    "00-",
    "x-b3-"
  };

  private final SplittableRandom random;

  /**
   * Creates a generator.
   *
   * @param seed the seed; the same seed gives the same values
   */
  public HostileHeaders(long seed) {
    this.random = new SplittableRandom(seed);
  }

  /**
   * Returns the next hostile variant of {@code valid}.
   *
   * @param valid a valid value of the header
   * @return a value of at most {@link #MAX_LENGTH} characters
   */
  public String next(String valid) {
    int kind = random.nextInt(100);
    String value;
    if (kind < 35) {
      value = mutate(valid, 1 + random.nextInt(4));
    } else if (kind < 55) {
      value = randomText(alphabetOf(valid), length());
    } else if (kind < 70) {
      value = repeat(REPEATABLE[random.nextInt(REPEATABLE.length)], length());
    } else if (kind < 80) {
      value = repeat(valid + (random.nextBoolean() ? "," : ""), length());
    } else if (kind < 90) {
      value = randomText(INTERESTING, length());
    } else {
      value = randomUnicode(length());
    }
    return value.length() > MAX_LENGTH ? value.substring(0, MAX_LENGTH) : value;
  }

  /**
   * Returns {@code valid} with one edit that makes it invalid for a header whose grammar is hex ids
   * separated by {@code separator}: an id character outside lowercase hex, or a broken separator.
   *
   * @param valid a valid value
   * @param separator the separator between ids
   * @return an invalid value
   */
  public String breakIds(String valid, char separator) {
    char[] chars = valid.toCharArray();
    int at;
    do {
      at = random.nextInt(chars.length);
    } while (chars[at] == separator && random.nextInt(4) != 0);
    if (chars[at] == separator) {
      chars[at] = "x_.:;,".replace(String.valueOf(separator), "").charAt(random.nextInt(5));
    } else {
      chars[at] = "gGzXA!\u00e9".charAt(random.nextInt(7));
    }
    return new String(chars);
  }

  /**
   * Returns a random value between 0 and {@code bound} (exclusive).
   *
   * @param bound the bound
   * @return the value
   */
  public int nextInt(int bound) {
    return random.nextInt(bound);
  }

  private int length() {
    // Mostly short, sometimes up to the 8 KiB limit: log-uniform.
    int bits = random.nextInt(14);
    return random.nextInt(1 << bits);
  }

  private String mutate(String valid, int edits) {
    StringBuilder s = new StringBuilder(valid);
    for (int i = 0; i < edits; i++) {
      int at = s.length() == 0 ? 0 : random.nextInt(s.length());
      switch (random.nextInt(7)) {
        case 0:
          if (s.length() > 0) {
            s.setCharAt(at, INTERESTING.charAt(random.nextInt(INTERESTING.length())));
          }
          break;
        case 1:
          s.insert(at, INTERESTING.charAt(random.nextInt(INTERESTING.length())));
          break;
        case 2:
          if (s.length() > 0) {
            s.deleteCharAt(at);
          }
          break;
        case 3:
          s.setLength(at);
          break;
        case 4:
          int end = Math.min(s.length(), at + 1 + random.nextInt(40));
          String piece = s.substring(at, end);
          s.insert(at, piece.repeat(1 + random.nextInt(20)));
          break;
        case 5:
          if (s.length() > 0) {
            char c = s.charAt(at);
            s.setCharAt(
                at, Character.isUpperCase(c) ? Character.toLowerCase(c) : Character.toUpperCase(c));
          }
          break;
        default:
          s.insert(random.nextBoolean() ? 0 : s.length(), random.nextBoolean() ? " " : "\t");
          break;
      }
      if (s.length() > MAX_LENGTH) {
        s.setLength(MAX_LENGTH);
      }
    }
    return s.toString();
  }

  private static String alphabetOf(String valid) {
    return valid + "-:;,=% ";
  }

  private String randomText(String alphabet, int length) {
    char[] chars = new char[length];
    for (int i = 0; i < length; i++) {
      chars[i] = alphabet.charAt(random.nextInt(alphabet.length()));
    }
    return new String(chars);
  }

  private String repeat(String unit, int length) {
    if (unit.isEmpty()) {
      return "";
    }
    return unit.repeat(length / unit.length() + 1).substring(0, length);
  }

  private String randomUnicode(int length) {
    StringBuilder s = new StringBuilder(length);
    while (s.length() < length) {
      int cp = random.nextInt(4) == 0 ? random.nextInt(0x80) : random.nextInt(0x10FFFF);
      if (cp >= 0xD800 && cp <= 0xDFFF) {
        cp = random.nextBoolean() ? 0xD800 : 0xDC00; // lone surrogates too
      }
      s.appendCodePoint(cp);
    }
    return s.toString();
  }
}
