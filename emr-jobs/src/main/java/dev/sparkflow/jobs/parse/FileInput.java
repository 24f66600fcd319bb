package dev.sparkflow.jobs.parse;

import dev.sparkflow.jobs.model.LakeDataset;

import java.io.Serializable;

/**
 * One landed file to parse. {@code sourceFile} is its path relative to {@code landing/}; {@code folder}
 * is the sub-folder under {@code landing/<dataset>/} (an account id by convention), or null.
 */
public record FileInput(String sourceFile, LakeDataset dataset, String folder, String sha256, byte[] bytes)
        implements Serializable {
}
