import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Collections;
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
 *   <li>Local variable tables are dropped from every class: only debuggers read them, never the JVM
 *       or reflection (parameter names come from {@code MethodParameters}, record components from
 *       {@code Record}, both kept). Line numbers and source file names stay, so stack traces in the
 *       agent's log still point at a line.
 *   <li>Directory entries are dropped: class loading and resources look up files by name.
 *   <li>Every entry is deflated at the highest level, in the order the shade plugin wrote them (the
 *       manifest first, as {@code JarInputStream} expects).
 * </ul>
 *
 * <p>Run as a single-file program: {@code java -cp asm.jar JarSqueeze.java target/x.jar}.
 */
public final class JarSqueeze {

  private JarSqueeze() {}

  public static void main(String[] args) throws IOException {
    Path jar = Path.of(args[0]);
    Path squeezed = jar.resolveSibling(jar.getFileName() + ".squeezed");
    long before = Files.size(jar);
    try (ZipFile in = new ZipFile(jar.toFile());
        OutputStream file = Files.newOutputStream(squeezed);
        ZipOutputStream out = new ZipOutputStream(file)) {
      out.setLevel(Deflater.BEST_COMPRESSION);
      for (ZipEntry entry : Collections.list(in.entries())) {
        if (entry.isDirectory()) {
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
    System.out.printf("%s: %,d -> %,d bytes%n", jar.getFileName(), before, Files.size(jar));
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
