package dev.sparkflow.lake;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;

import java.io.Reader;

/** lake.yml's YAML reader, apart from {@link LakeLayout} so that reading the JSON copy never loads a YAML parser. */
final class LakeYaml {
    private static final ObjectMapper YAML = LakeLayout.mapper(new ObjectMapper(new YAMLFactory()));

    private LakeYaml() {
    }

    static LakeLayout read(Reader yaml) {
        return LakeLayout.read(YAML, yaml);
    }
}
