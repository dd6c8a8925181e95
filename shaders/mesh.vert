#version 330 core
// Instanced unit mesh (bone cylinder or joint sphere): one model matrix + colour per instance.
layout(location = 0) in vec3 a_position;
layout(location = 1) in vec3 a_normal;
layout(location = 2) in mat4 a_model;   // occupies locations 2..5
layout(location = 6) in vec4 a_color;

uniform mat4 u_viewProj;

out vec3 v_worldPos;
out vec3 v_normal;
out vec4 v_color;

void main()
{
    vec4 world = a_model * vec4(a_position, 1.0);
    // Bones are scaled non-uniformly (radius x length). Their model columns are orthogonal, so
    // the inverse transpose is the matrix with each column divided by its squared length,
    // far cheaper per vertex than inverse() on a software rasteriser.
    mat3 linear = mat3(a_model);
    vec3 lengthSq = vec3(dot(linear[0], linear[0]), dot(linear[1], linear[1]), dot(linear[2], linear[2]));
    v_normal = linear * (a_normal / max(lengthSq, vec3(1e-12)));
    v_worldPos = world.xyz;
    v_color = a_color;
    gl_Position = u_viewProj * world;
}
