import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.ByteArrayInputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.CRC32;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;

/**
 * Build step after the shade plugin (update-client/pom.xml): rewrites the agent's jar in place so it
 * ships fewer bytes and runs exactly the same code.
 *
 * <ul>
 *   <li>Classes no kept class can name are dropped. The shade plugin's {@code minimizeJar} decides
 *       what to keep before its filters cut packages away (bcprov's JCA provider, post-quantum
 *       code), so what only those packages used stays behind, unreachable: most of bcprov's
 *       symmetric engines, X.509 and PKCS structures. This pass walks again from the same roots
 *       (the {@code --keep} prefixes, every class a {@code META-INF/services} file names) over what
 *       is left. A class counts as named by another when any string in the other's constant pool
 *       names it: as a type, in a descriptor or generic signature, or as a string constant in
 *       internal or dotted form (so {@code Class.forName("a.b.C")} keeps {@code a.b.C}). Package
 *       annotations ({@code package-info}) stay: they are looked up by name.
 *   <li>Local variable tables are dropped from every class: only debuggers read them, never the JVM
 *       or reflection (parameter names come from {@code MethodParameters}, record components from
 *       {@code Record}, both kept). Line numbers and source file names stay, so stack traces in the
 *       agent's log still point at a line.
 *   <li>Directory entries are dropped: class loading and resources look up files by name.
 *   <li>Every entry is deflated at the highest level, in the order the shade plugin wrote them (the
 *       manifest first, as {@code JarInputStream} expects).
 * </ul>
 *
 * <p>Run as a single-file program: {@code java -cp asm.jar JarSqueeze.java target/x.jar --keep
 * org/openupdate/ ...}. It prints the size before and after and how many classes it dropped.
 */
public final class JarSqueeze {

  private JarSqueeze() {}

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]);
    List<String> keep = new ArrayList<>();
    for (int i = 1; i + 1 < args.length; i += 2) {
      if (!args[i].equals("--keep")) {
        throw new IllegalArgumentException("unknown option " + args[i]);
      }
      keep.add(args[i + 1]);
    }
    Path squeezed = jar.resolveSibling(jar.getFileName() + ".squeezed");
    long before = Files.size(jar);
    int dropped = 0;
    long droppedBytes = 0;
    try (ZipFile in = new ZipFile(jar.toFile());
        OutputStream file = Files.newOutputStream(squeezed);
        ZipOutputStream out = new ZipOutputStream(file)) {
      Set<String> reachable = reachable(in, keep);
      out.setLevel(Deflater.BEST_COMPRESSION);
      for (ZipEntry entry : Collections.list(in.entries())) {
        if (entry.isDirectory()) {
          continue;
        }
        if (entry.getName().endsWith(".class")
            && !entry.getName().endsWith("package-info.class")
            && !reachable.contains(className(entry))) {
          dropped++;
          droppedBytes += entry.getCompressedSize();
          continue;
        }
        byte[] bytes;
        try (var content = in.getInputStream(entry)) {
          bytes = content.readAllBytes();
        }
        if (entry.getName().endsWith(".class")) {
          bytes = withoutLocalVariables(bytes);
        }
        out.putNextEntry(sized(entry, bytes));
        out.write(bytes);
        out.closeEntry();
      }
    }
    Files.move(squeezed, jar, StandardCopyOption.REPLACE_EXISTING);
    System.out.printf(
        "%s: %,d -> %,d bytes (%,d unreachable classes dropped, %,d bytes of them as shaded)%n",
        jar.getFileName(), before, Files.size(jar), dropped, droppedBytes);
  }

  /** The class an entry holds; a multi-release variant belongs to its base class. */
  private static String className(ZipEntry entry) {
    return entry
        .getName()
        .replaceFirst("^META-INF/versions/\\d+/", "")
        .replaceFirst("\\.class$", "");
  }

  /** Every class reachable from the kept prefixes and the service files, in internal form. */
  private static Set<String> reachable(ZipFile jar, List<String> keep) throws IOException {
    Map<String, Set<String>> strings = new HashMap<>();
    Deque<String> pending = new ArrayDeque<>();
    for (ZipEntry entry : Collections.list(jar.entries())) {
      String name = entry.getName();
      if (name.startsWith("META-INF/services/") && !entry.isDirectory()) {
        pending.add(name.substring("META-INF/services/".length()).replace('.', '/'));
        try (var content = jar.getInputStream(entry)) {
          for (String line : new String(content.readAllBytes(), UTF_8).split("\n")) {
            String provider = line.replaceFirst("#.*", "").strip();
            if (!provider.isEmpty()) {
              pending.add(provider.replace('.', '/'));
            }
          }
        }
      }
      if (name.endsWith(".class")) {
        String type = className(entry);
        try (var content = jar.getInputStream(entry)) {
          strings
              .computeIfAbsent(type, t -> new HashSet<>())
              .addAll(constantPoolStrings(content.readAllBytes()));
        }
        if (keep.stream().anyMatch(type::startsWith)) {
          pending.add(type);
        }
      }
    }
    Set<String> reachable = new HashSet<>();
    while (!pending.isEmpty()) {
      String type = pending.pop();
      if (!strings.containsKey(type) || !reachable.add(type)) {
        continue;
      }
      for (String text : strings.get(type)) {
        for (String named : namedTypes(text)) {
          if (strings.containsKey(named) && !reachable.contains(named)) {
            pending.add(named);
          }
        }
      }
    }
    return reachable;
  }

  private static final Pattern TYPE_IN_DESCRIPTOR = Pattern.compile("L([^;<>:]+)[;<]");

  /** The class names a constant pool string may mean: itself, dotted or not, and its L...; types. */
  private static List<String> namedTypes(String text) {
    List<String> names = new ArrayList<>();
    names.add(text.replace('.', '/'));
    Matcher types = TYPE_IN_DESCRIPTOR.matcher(text);
    while (types.find()) {
      names.add(types.group(1));
    }
    return names;
  }

  /** The CONSTANT_Utf8 entries of a class file (JVMS 4.4): every name, descriptor and string. */
  private static List<String> constantPoolStrings(byte[] classFile) throws IOException {
    DataInputStream in = new DataInputStream(new ByteArrayInputStream(classFile));
    in.skipNBytes(8); // magic, minor and major version
    int count = in.readUnsignedShort();
    List<String> strings = new ArrayList<>();
    for (int index = 1; index < count; index++) {
      int tag = in.readUnsignedByte();
      switch (tag) {
        case 1 -> strings.add(in.readUTF());
        case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
        case 15 -> in.skipNBytes(3);
        case 3, 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
        case 5, 6 -> {
          in.skipNBytes(8);
          index++; // a long or double takes two entries
        }
        default -> throw new IOException("unknown constant pool tag " + tag);
      }
    }
    return strings;
  }

  /**
   * A copy of {@code entry} that announces its sizes and checksum up front, as the shade plugin's
   * did: without them every entry gets a 16-byte data descriptor after its data.
   */
  private static ZipEntry sized(ZipEntry entry, byte[] bytes) {
    ZipEntry copy = new ZipEntry(entry.getName());
    copy.setTime(entry.getTime());
    CRC32 crc = new CRC32();
    crc.update(bytes);
    copy.setCrc(crc.getValue());
    copy.setSize(bytes.length);
    // The stream deflates with the same settings, so it writes exactly this many bytes.
    Deflater deflater = new Deflater(Deflater.BEST_COMPRESSION, true);
    try {
      deflater.setInput(bytes);
      deflater.finish();
      byte[] buffer = new byte[8192];
      while (!deflater.finished()) {
        deflater.deflate(buffer);
      }
      copy.setCompressedSize(deflater.getBytesWritten());
    } finally {
      deflater.end();
    }
    return copy;
  }

  /**
   * The class without its LocalVariableTable and LocalVariableTypeTable. The writer gets no reader,
   * so it builds a fresh constant pool that leaves out the variables' names and types too.
   */
  static byte[] withoutLocalVariables(byte[] classFile) {
    ClassWriter writer = new ClassWriter(0);
    new ClassReader(classFile)
        .accept(
            new ClassVisitor(Opcodes.ASM9, writer) {
              @Override
              public MethodVisitor visitMethod(
                  int access, String name, String descriptor, String signature, String[] thrown) {
                return new MethodVisitor(
                    Opcodes.ASM9, super.visitMethod(access, name, descriptor, signature, thrown)) {
                  @Override
                  public void visitLocalVariable(
                      String name,
                      String descriptor,
                      String signature,
                      Label start,
                      Label end,
                      int index) {
                    // dropped: see the class comment
                  }
                };
              }
            },
            0);
    return writer.toByteArray();
  }
}
