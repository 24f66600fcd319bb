import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;
import java.util.zip.ZipOutputStream;
import org.objectweb.asm.AnnotationVisitor;
import org.objectweb.asm.ClassReader;
import org.objectweb.asm.ClassVisitor;
import org.objectweb.asm.ClassWriter;
import org.objectweb.asm.ConstantDynamic;
import org.objectweb.asm.FieldVisitor;
import org.objectweb.asm.Handle;
import org.objectweb.asm.Label;
import org.objectweb.asm.MethodVisitor;
import org.objectweb.asm.Opcodes;
import org.objectweb.asm.RecordComponentVisitor;
import org.objectweb.asm.Type;
import org.objectweb.asm.TypePath;
import org.objectweb.asm.signature.SignatureReader;
import org.objectweb.asm.signature.SignatureVisitor;

/**
 * Build step after ProGuard: drops the classes under the given packages that no kept code really references.
 *
 * <p>What no tool does: ProGuard keeps, in every program class, the implementation of an interface method that is used
 * anywhere (e.g. {@code SdkPojo.sdkFields()}, {@code ToCopyableBuilder.toBuilder()}), so every model class of every
 * SDK operation survives even when only a handful are called ({@code -whyareyoukeeping} shows each one kept by its own
 * builder, and the builder by the class). Shade's {@code minimizeJar} follows every constant-pool reference before
 * ProGuard runs, so it keeps the whole service. This pass follows, from class to class, only the references that load
 * a class (see {@link References}: supertypes, NEW, static members, constants, invokedynamic, catch types,
 * annotations...); references that matter only once an instance exists (casts, instance calls, descriptors) are not
 * followed: that distinction is the one no shrinker here makes. A class's own InnerClasses/EnclosingMethod/NestHost
 * entry counts (reflection on a kept nested class needs its outer class), but InnerClasses/NestMembers/
 * PermittedSubclasses entries naming other classes, and the raw constant pool, do not: after ProGuard they still name
 * classes of removed methods.
 *
 * <p>Roots: every class outside the prunable packages, and every class whose name appears in a resource of the jar
 * (execution.interceptors, native-image configs...) or in a string constant of reachable code (Class.forName). Kept
 * classes that named a dropped class in their InnerClasses, NestMembers or PermittedSubclasses are rewritten without
 * those entries (and with a fresh constant pool), so reflection such as {@code getDeclaredClasses()} does not trip over
 * a missing class. ProGuard stamps the build time on every entry and has no option to fix it, so every entry gets the
 * given time: the same input gives the same jar bytes (the Airflow bundle manifest names jar checksums).
 *
 * <p>Usage: {@code java -cp asm.jar PruneUnreachableClasses.java IN.jar OUT.jar ISO-INSTANT PKG/ ...} (packages as
 * internal names, e.g. {@code software/amazon/awssdk/services/}). Entry order is the input's.
 *
 * <p>Why is a class kept? From launcher-lambda/, after a build: {@code java -Dprune.why=a/b/C -cp
 * target/build-tools/asm.jar src/build/PruneUnreachableClasses.java target/launcher-lambda-proguarded.jar
 * /tmp/out.jar 2026-01-01T00:00:00Z software/amazon/awssdk/services/} prints the chain of references from a root.
 */
public final class PruneUnreachableClasses {
    private static final Pattern DOTTED_NAME = Pattern.compile("[A-Za-z_$][\\w$]*(?:[./][A-Za-z_$][\\w$]*)+");

    private final Map<String, byte[]> classes = new LinkedHashMap<>();
    private final List<String> prunable;
    /** Every entry's time (ProGuard stamps the build time). */
    private final LocalDateTime timestamp;

    private PruneUnreachableClasses(List<String> prunable, LocalDateTime timestamp) {
        this.prunable = prunable;
        this.timestamp = timestamp;
    }

    public static void main(String[] args) throws IOException {
        if (args.length < 4) {
            throw new IllegalArgumentException("usage: IN.jar OUT.jar ISO-INSTANT PKG/ ...");
        }
        new PruneUnreachableClasses(List.of(args).subList(3, args.length),
                LocalDateTime.ofInstant(Instant.parse(args[2]), ZoneOffset.UTC)).run(Path.of(args[0]), Path.of(args[1]));
    }

    private void run(Path in, Path out) throws IOException {
        Map<String, byte[]> resources = new LinkedHashMap<>();
        try (ZipFile zip = new ZipFile(in.toFile())) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                if (entry.isDirectory()) {
                    continue;
                }
                byte[] bytes;
                try (InputStream stream = zip.getInputStream(entry)) {
                    bytes = stream.readAllBytes();
                }
                String name = entry.getName();
                if (name.endsWith(".class") && !name.startsWith("META-INF/")) {
                    classes.put(name.substring(0, name.length() - ".class".length()), bytes);
                } else {
                    resources.put(name, bytes);
                }
            }
        }

        Set<String> reachable = reachable(resources.values());
        // A HashSet: InnerClasses entries of anonymous classes have a null outer name.
        Set<String> dropped = new HashSet<>(classes.keySet());
        dropped.removeAll(reachable);

        long before = Files.size(in);
        Path tmp = out.resolveSibling(out.getFileName() + ".tmp");
        try (ZipFile zip = new ZipFile(in.toFile());
             ZipOutputStream target = new ZipOutputStream(Files.newOutputStream(tmp))) {
            for (ZipEntry entry : Collections.list(zip.entries())) {
                String name = entry.getName();
                String className = name.endsWith(".class") ? name.substring(0, name.length() - 6) : null;
                byte[] bytes;
                if (className != null && classes.containsKey(className)) {
                    if (dropped.contains(className)) {
                        continue;
                    }
                    bytes = withoutDroppedEntries(classes.get(className), dropped);
                } else if (entry.isDirectory()) {
                    bytes = new byte[0];
                } else {
                    bytes = resources.get(name);
                }
                ZipEntry copy = new ZipEntry(name);
                // Local (DOS) time as given, whatever the machine's time zone: same input, same bytes.
                copy.setTimeLocal(timestamp);
                target.putNextEntry(copy);
                target.write(bytes);
                target.closeEntry();
            }
        }
        Files.move(tmp, out, StandardCopyOption.REPLACE_EXISTING);
        System.out.printf("PruneUnreachableClasses: kept %d of %d classes, dropped %d; %,d -> %,d bytes%n",
                classes.size() - dropped.size(), classes.size(), dropped.size(), before, Files.size(out));
    }

    private boolean isPrunable(String className) {
        for (String prefix : prunable) {
            if (className.startsWith(prefix)) {
                return true;
            }
        }
        return false;
    }

    /** Breadth-first over real references from the roots; only classes of the jar are followed. */
    private Set<String> reachable(Iterable<byte[]> resources) {
        Set<String> seen = new TreeSet<>();
        Deque<String> queue = new ArrayDeque<>();
        Map<String, String> reachedFrom = new HashMap<>();
        String[] current = {"(root)"};
        Consumer<String> reach = name -> {
            if (name != null && classes.containsKey(name) && seen.add(name)) {
                queue.add(name);
                reachedFrom.put(name, current[0]);
            }
        };
        for (String name : classes.keySet()) {
            if (!isPrunable(name)) {
                reach.accept(name);
            }
        }
        current[0] = "(a resource)";
        for (byte[] resource : resources) {
            namesIn(new String(resource, StandardCharsets.ISO_8859_1), reach);
        }
        while (!queue.isEmpty()) {
            current[0] = queue.poll();
            new ClassReader(classes.get(current[0])).accept(new References(reach, name -> { }), 0);
        }
        // -Dprune.why=a/b/C prints the chain that keeps a class: the question to ask when the jar grows.
        String why = System.getProperty("prune.why");
        for (String name = why; name != null && reachedFrom.containsKey(name); name = reachedFrom.get(name)) {
            System.out.println("prune.why: " + name + " <- " + reachedFrom.get(name));
        }
        return seen;
    }

    /** Every dotted or slashed name in the text, as a candidate internal class name. */
    private static void namesIn(String text, Consumer<String> reach) {
        Matcher matcher = DOTTED_NAME.matcher(text);
        while (matcher.find()) {
            reach.accept(matcher.group().replace('.', '/'));
        }
    }

    /**
     * Reports the classes a class file refers to, in two kinds. A strong reference loads the class whenever the code
     * runs or the class is linked: supertypes, NEW, static members, INVOKESPECIAL, INSTANCEOF, array creation, class
     * and method-type constants, invokedynamic call sites and their handles, catch types, annotations. A weak one
     * only matters when an instance of the class already exists, which takes a strong reference elsewhere: CHECKCAST,
     * instance fields and methods (the receiver), field and method descriptors, signatures, stack-map frames. E.g.
     * DynamoDbEndpointResolverUtils casts the request to each of 40 request types by operation name; they stay out
     * unless something builds them. The JVM's verifier may still load a weakly referenced class to check an
     * assignment: ShadedJarIT links every class left in the jar to catch that (following weak references too would
     * keep about 0.8 MB more).
     */
    private static final class References extends ClassVisitor {
        private final Consumer<String> strong;
        private final Consumer<String> weak;
        private String self;

        References(Consumer<String> strong, Consumer<String> weak) {
            super(Opcodes.ASM9);
            this.strong = strong;
            this.weak = weak;
        }

        private static void type(Type type, Consumer<String> to) {
            switch (type.getSort()) {
                case Type.ARRAY -> type(type.getElementType(), to);
                case Type.OBJECT -> to.accept(type.getInternalName());
                case Type.METHOD -> {
                    type(type.getReturnType(), to);
                    for (Type argument : type.getArgumentTypes()) {
                        type(argument, to);
                    }
                }
                default -> {
                }
            }
        }

        private static void descriptor(String descriptor, Consumer<String> to) {
            if (descriptor != null) {
                type(descriptor.startsWith("(") ? Type.getMethodType(descriptor) : Type.getType(descriptor), to);
            }
        }

        /** An internal name, or an array descriptor where ASM allows one (e.g. ANEWARRAY, CHECKCAST). */
        private static void internalName(String name, Consumer<String> to) {
            if (name != null) {
                type(name.startsWith("[") ? Type.getType(name) : Type.getObjectType(name), to);
            }
        }

        private void signature(String signature) {
            if (signature == null) {
                return;
            }
            new SignatureReader(signature).accept(new SignatureVisitor(Opcodes.ASM9) {
                private String current;

                @Override
                public void visitClassType(String name) {
                    current = name;
                    weak.accept(name);
                }

                @Override
                public void visitInnerClassType(String name) {
                    current = current + "$" + name;
                    weak.accept(current);
                }
            });
        }

        /** A constant operand (LDC, bootstrap argument, annotation value): resolving it loads what it names. */
        private void constant(Object value) {
            if (value instanceof Type type) {
                type(type, strong);
            } else if (value instanceof Handle handle) {
                strong.accept(handle.getOwner());
                descriptor(handle.getDesc(), strong);
            } else if (value instanceof ConstantDynamic condy) {
                descriptor(condy.getDescriptor(), strong);
                constant(condy.getBootstrapMethod());
                for (int i = 0; i < condy.getBootstrapMethodArgumentCount(); i++) {
                    constant(condy.getBootstrapMethodArgument(i));
                }
            } else if (value instanceof String text) {
                // Class.forName("a.b.C") and the like.
                namesIn(text, strong);
            }
        }

        private AnnotationVisitor annotation(String descriptor) {
            descriptor(descriptor, strong);
            return new AnnotationVisitor(Opcodes.ASM9) {
                @Override
                public void visit(String name, Object value) {
                    constant(value);
                }

                @Override
                public void visitEnum(String name, String enumDescriptor, String value) {
                    descriptor(enumDescriptor, strong);
                }

                @Override
                public AnnotationVisitor visitAnnotation(String name, String nested) {
                    return annotation(nested);
                }

                @Override
                public AnnotationVisitor visitArray(String name) {
                    return this;
                }
            };
        }

        @Override
        public void visit(int version, int access, String name, String signature, String superName, String[] interfaces) {
            self = name;
            strong.accept(superName);
            if (interfaces != null) {
                for (String anInterface : interfaces) {
                    strong.accept(anInterface);
                }
            }
            signature(signature);
        }

        @Override
        public void visitNestHost(String nestHost) {
            strong.accept(nestHost);
        }

        @Override
        public void visitOuterClass(String owner, String name, String descriptor) {
            strong.accept(owner);
            descriptor(descriptor, weak);
        }

        @Override
        public void visitInnerClass(String name, String outerName, String innerName, int access) {
            if (name.equals(self)) {
                strong.accept(outerName);
            }
        }

        @Override
        public AnnotationVisitor visitAnnotation(String descriptor, boolean visible) {
            return annotation(descriptor);
        }

        @Override
        public AnnotationVisitor visitTypeAnnotation(int typeRef, TypePath path, String descriptor,
                                                     boolean visible) {
            return annotation(descriptor);
        }

        @Override
        public RecordComponentVisitor visitRecordComponent(String name, String descriptor, String signature) {
            descriptor(descriptor, weak);
            signature(signature);
            return new RecordComponentVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return annotation(annotation);
                }
            };
        }

        @Override
        public FieldVisitor visitField(int access, String name, String descriptor, String signature, Object value) {
            descriptor(descriptor, weak);
            signature(signature);
            constant(value);
            return new FieldVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return annotation(annotation);
                }
            };
        }

        @Override
        public MethodVisitor visitMethod(int access, String name, String descriptor, String signature, String[] exceptions) {
            descriptor(descriptor, weak);
            signature(signature);
            if (exceptions != null) {
                for (String exception : exceptions) {
                    weak.accept(exception);
                }
            }
            return new MethodVisitor(Opcodes.ASM9) {
                @Override
                public AnnotationVisitor visitAnnotation(String annotation, boolean visible) {
                    return annotation(annotation);
                }

                @Override
                public AnnotationVisitor visitParameterAnnotation(int parameter, String annotation, boolean visible) {
                    return annotation(annotation);
                }

                @Override
                public AnnotationVisitor visitAnnotationDefault() {
                    return annotation(null);
                }

                @Override
                public void visitTypeInsn(int opcode, String type) {
                    // NEW, ANEWARRAY and INSTANCEOF resolve the class; CHECKCAST only for an object, which is one.
                    internalName(type, opcode == Opcodes.CHECKCAST ? weak : strong);
                }

                @Override
                public void visitFieldInsn(int opcode, String owner, String field, String fieldDescriptor) {
                    boolean isStatic = opcode == Opcodes.GETSTATIC || opcode == Opcodes.PUTSTATIC;
                    internalName(owner, isStatic ? strong : weak);
                    descriptor(fieldDescriptor, weak);
                }

                @Override
                public void visitMethodInsn(int opcode, String owner, String method, String methodDescriptor,
                                            boolean isInterface) {
                    boolean onInstance = opcode == Opcodes.INVOKEVIRTUAL || opcode == Opcodes.INVOKEINTERFACE;
                    internalName(owner, onInstance ? weak : strong);
                    descriptor(methodDescriptor, weak);
                }

                @Override
                public void visitInvokeDynamicInsn(String method, String methodDescriptor, Handle bootstrap,
                                                   Object... arguments) {
                    // Linking the call site resolves its type, the bootstrap method and every argument.
                    descriptor(methodDescriptor, strong);
                    constant(bootstrap);
                    for (Object argument : arguments) {
                        constant(argument);
                    }
                }

                @Override
                public void visitLdcInsn(Object value) {
                    constant(value);
                }

                @Override
                public void visitMultiANewArrayInsn(String arrayDescriptor, int dimensions) {
                    descriptor(arrayDescriptor, strong);
                }

                @Override
                public void visitTryCatchBlock(Label start, Label end, Label handler, String type) {
                    strong.accept(type);
                }

                @Override
                public void visitFrame(int type, int numLocal, Object[] local, int numStack, Object[] stack) {
                    for (Object[] values : new Object[][] {local, stack}) {
                        if (values != null) {
                            for (Object value : values) {
                                if (value instanceof String name) {
                                    internalName(name, weak);
                                }
                            }
                        }
                    }
                }
            };
        }
    }

    /** The class file without InnerClasses/NestMembers/PermittedSubclasses entries naming dropped classes. */
    private static byte[] withoutDroppedEntries(byte[] bytes, Set<String> dropped) {
        boolean[] stale = {false};
        ClassVisitor check = new ClassVisitor(Opcodes.ASM9) {
            @Override
            public void visitInnerClass(String name, String outerName, String innerName, int access) {
                stale[0] |= dropped.contains(name) || dropped.contains(outerName);
            }

            @Override
            public void visitNestMember(String nestMember) {
                stale[0] |= dropped.contains(nestMember);
            }

            @Override
            public void visitPermittedSubclass(String permittedSubclass) {
                stale[0] |= dropped.contains(permittedSubclass);
            }
        };
        new ClassReader(bytes).accept(check, ClassReader.SKIP_CODE);
        if (!stale[0]) {
            return bytes;
        }
        // No ClassReader handed to the writer: the constant pool is rebuilt from what is still used.
        ClassWriter writer = new ClassWriter(0);
        new ClassReader(bytes).accept(new ClassVisitor(Opcodes.ASM9, writer) {
            @Override
            public void visitInnerClass(String name, String outerName, String innerName, int access) {
                if (!dropped.contains(name) && !dropped.contains(outerName)) {
                    super.visitInnerClass(name, outerName, innerName, access);
                }
            }

            @Override
            public void visitNestMember(String nestMember) {
                if (!dropped.contains(nestMember)) {
                    super.visitNestMember(nestMember);
                }
            }

            @Override
            public void visitPermittedSubclass(String permittedSubclass) {
                if (!dropped.contains(permittedSubclass)) {
                    super.visitPermittedSubclass(permittedSubclass);
                }
            }
        }, 0);
        return writer.toByteArray();
    }
}
