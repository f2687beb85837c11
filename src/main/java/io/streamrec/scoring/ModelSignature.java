package io.streamrec.scoring;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import java.util.Map;

/** The inputs and outputs an ONNX graph must have to be served: names, types and widths from model.json. */
final class ModelSignature {
    private ModelSignature() {
    }

    static void check(OrtSession session, ModelDirectory directory) throws OrtException {
        ModelManifest manifest = directory.manifest();
        Map<String, NodeInfo> inputs = session.getInputInfo();
        Map<String, NodeInfo> outputs = session.getOutputInfo();
        if (!inputs.keySet().equals(java.util.Set.copyOf(ModelManifest.EXPECTED_INPUTS))) {
            throw new ModelLoadException(directory.modelFile() + ": inputs " + inputs.keySet()
                    + " do not match model.json " + manifest.inputs());
        }
        if (!outputs.keySet().equals(java.util.Set.copyOf(ModelManifest.EXPECTED_OUTPUTS))) {
            throw new ModelLoadException(directory.modelFile() + ": outputs " + outputs.keySet()
                    + " do not match model.json " + manifest.outputs());
        }
        expect(directory, inputs, ModelManifest.ITEM_IDS, OnnxJavaType.INT64, manifest.maxLen());
        expect(directory, inputs, ModelManifest.EVENT_TYPES, OnnxJavaType.INT64, manifest.maxLen());
        expect(directory, outputs, ModelManifest.TOP_ITEMS, OnnxJavaType.INT64, manifest.k());
        expect(directory, outputs, ModelManifest.TOP_SCORES, OnnxJavaType.FLOAT, manifest.k());
        expect(directory, outputs, ModelManifest.SESSION_VECTOR, OnnxJavaType.FLOAT, manifest.dim());
    }

    /** A [batch, width] tensor of the given type; a symbolic (-1) width is accepted. */
    private static void expect(ModelDirectory directory, Map<String, NodeInfo> nodes, String name,
                               OnnxJavaType type, int width) {
        if (!(nodes.get(name).getInfo() instanceof TensorInfo info)) {
            throw new ModelLoadException(directory.modelFile() + ": '" + name + "' is not a tensor");
        }
        long[] shape = info.getShape();
        boolean widthMatches = shape.length == 2 && (shape[1] == width || shape[1] < 0);
        if (info.type != type || !widthMatches) {
            throw new ModelLoadException(directory.modelFile() + ": '" + name + "' is " + info.type + " "
                    + java.util.Arrays.toString(shape) + ", model.json implies " + type + " [batch, " + width + "]");
        }
    }
}
